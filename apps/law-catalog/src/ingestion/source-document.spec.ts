import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fromBundled,
  fromDokumentstatus,
  MalformedDocumentError,
  SOURCE_RIKSDAGEN,
  SOURCE_SFST,
  type BundledMetadata,
  type BundledRegister,
  type DokumentstatusJson,
} from './source-document';

const ROOT = join(__dirname, '..', '..', '..', '..', 'data');
const json = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
const fetchedAt = new Date('2026-01-01T00:00:00Z');

describe('bundled folder format', () => {
  it('maps metadata, SFST header fields and the amendment register', () => {
    const doc = fromBundled(
      json<BundledMetadata>('sfs/1977-480.json'),
      'text',
      json<BundledRegister>('sfs/1977-480.sfsr.json'),
      fetchedAt,
      '1977-480',
    );
    expect(doc).toMatchObject({
      sfs: '1977:480',
      dokId: 'sfs-1977-480',
      title: 'Semesterlag (1977:480)',
      department: 'Arbetsmarknadsdepartementet ARM',
      issuedAt: '1977-06-09',
      inForce: '1978-01-01 överg.best.',
      amendedThrough: 't.o.m. SFS 2014:424',
      repealedAt: null,
      repealedBy: null,
      sourceName: SOURCE_SFST,
      sourceUrl: 'https://rkrattsbaser.gov.se/sfst?fritext=&upph=false&post_id=4033',
    });
    expect(doc.amendments?.[0]).toEqual({ sfs: '1978:411', title: 'Lag (1978:411) om ändring i semesterlagen (1977:480)', inForce: '1979-01-01', notes: 'ändr. 17 §' });
  });

  it('has no register (null, not empty) when the statute has no .sfsr.json', () => {
    expect(fromBundled(json<BundledMetadata>('sfs/1977-1160.json'), 'text', null, fetchedAt, 'x').amendments).toBeNull();
  });

  it('rejects metadata without an SFS number', () => {
    expect(() => fromBundled({ titel: 'X' }, 'text', null, fetchedAt, 'broken')).toThrow(MalformedDocumentError);
  });
});

describe('Riksdagen dokumentstatus', () => {
  it('maps a real in-force response (sfs-1994-448)', () => {
    const raw = json<DokumentstatusJson>('sfs/versions/1994-448/2018-09-26.riksdagen-dokumentstatus.json');
    const doc = fromDokumentstatus(raw, 'text', fetchedAt, 'sfs-1994-448');
    expect(doc).toMatchObject({
      sfs: '1994:448',
      dokId: 'sfs-1994-448',
      title: 'Lag (1994:448) om pantbrevsregister',
      department: 'Justitiedepartementet L1',
      issuedAt: '1994-05-26',
      amendedThrough: 't.o.m. SFS 2018:279',
      repealedAt: null,
      sourceName: SOURCE_RIKSDAGEN,
      sourceUrl: 'https://data.riksdagen.se/dokument/sfs-1994-448',
      amendments: null,
    });
  });

  it('maps a real repealed response (sfs-1976-114) with its repeal date and act, title unwrapped', () => {
    const raw = json<DokumentstatusJson>('riksdagen-samples/dokumentstatus_sfs-1976-114_upphavd.json');
    const doc = fromDokumentstatus(raw, '', fetchedAt, 'sfs-1976-114');
    expect(doc.repealedAt).toBe('1989-01-01');
    expect(doc.repealedBy).toBe('1988:1081');
    expect(doc.title).toBe('Förordning (1976:114) om biträde vid utdelande av nattvarden inom svenska kyrkan');
  });

  it('rejects a response without a dokument', () => {
    expect(() => fromDokumentstatus({}, 'x', fetchedAt, 'sfs-x')).toThrow(MalformedDocumentError);
  });
});
