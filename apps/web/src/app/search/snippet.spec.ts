import { snippetParts } from './snippet';

describe('snippetParts', () => {
  it('splits marked words from plain text', () => {
    expect(snippetParts('rätt till «semester» och «semesterlön».')).toEqual([
      { text: 'rätt till ', mark: false },
      { text: 'semester', mark: true },
      { text: ' och ', mark: false },
      { text: 'semesterlön', mark: true },
      { text: '.', mark: false },
    ]);
  });

  it('keeps markup-looking text as text', () => {
    expect(snippetParts('<b>«x»</b>')).toEqual([
      { text: '<b>', mark: false },
      { text: 'x', mark: true },
      { text: '</b>', mark: false },
    ]);
  });

  it('tolerates unbalanced markers and empty input', () => {
    expect(snippetParts('a «b')).toEqual([
      { text: 'a ', mark: false },
      { text: 'b', mark: true },
    ]);
    expect(snippetParts('a» b')).toEqual([{ text: 'a b', mark: false }]);
    expect(snippetParts('')).toEqual([]);
  });
});
