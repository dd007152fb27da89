import { parseIngestArgs } from './args';

describe('parseIngestArgs', () => {
  it('parses a folder run, with or without the leading command word', () => {
    expect(parseIngestArgs(['ingest', '--dir', 'data/sfs'])).toEqual({ ok: true, args: { source: 'dir', dir: 'data/sfs', concurrency: 4 } });
    expect(parseIngestArgs(['--dir=data/sfs', '--concurrency', '8'])).toEqual({
      ok: true,
      args: { source: 'dir', dir: 'data/sfs', concurrency: 8 },
    });
  });

  it('parses an API run with --from and --page-size', () => {
    expect(parseIngestArgs(['--api', 'https://data.riksdagen.se/', '--from', '2024-01-31', '--page-size=100'])).toEqual({
      ok: true,
      args: { source: 'api', baseUrl: 'https://data.riksdagen.se', from: '2024-01-31', concurrency: 4, pageSize: 100 },
    });
  });

  it.each([
    [[], 'exakt en källa'],
    [['--dir', 'a', '--api', 'http://x'], 'exakt en källa'],
    [['--api', 'ftp://x'], 'http(s)'],
    [['--api', 'http://x', '--from', '2024-02-30'], 'ÅÅÅÅ-MM-DD'],
    [['--dir', 'a', '--from', '2024-01-01'], 'bara --api'],
    [['--dir'], 'kräver ett värde'],
    [['--dir', '--api'], 'kräver ett värde'],
    [['--dir', 'a', '--concurrency', '0'], '--concurrency'],
    [['--bogus'], 'Okänt argument'],
    [['--dir', 'a', '--dir', 'b'], 'mer än en gång'],
  ])('rejects %j with a Swedish message', (argv, message) => {
    const result = parseIngestArgs(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('answers --help with the usage text', () => {
    const result = parseIngestArgs(['--help']);
    expect(result).toMatchObject({ ok: false, help: true });
  });
});
