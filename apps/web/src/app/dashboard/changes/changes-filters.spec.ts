import { NO_CHANGE_FILTER, changeFilterFromQuery, changeFilterToApi, changeFilterToQuery, isChangeFilterActive, validateChangeFilter } from './changes-filters';

const LIST = '11111111-1111-4111-8111-111111111111';

describe('change feed filters', () => {
  it('reads the URL and writes it back unchanged', () => {
    const query = { lista: LIST, lag: '1977:1160', fran: '2025-01-01', till: '2025-12-31', typ: 'vasentlig', kvitterad: 'nej' };
    const filter = changeFilterFromQuery(query);
    expect(filter).toEqual({ listId: LIST, sfs: '1977:1160', from: '2025-01-01', to: '2025-12-31', type: 'vasentlig', acknowledged: 'nej' });
    expect(changeFilterToQuery(filter)).toEqual(query);
    expect(isChangeFilterActive(filter)).toBe(true);
  });

  it('ignores malformed values instead of sending them to the API', () => {
    expect(changeFilterFromQuery({ lista: 'x', lag: 'lagen', fran: '2025-02-30', till: '31/12', typ: 'alla', kvitterad: 'kanske' })).toEqual(NO_CHANGE_FILTER);
    expect(changeFilterFromQuery({ lag: '1977-1160' }).sfs).toBe('1977:1160');
    expect(changeFilterToQuery(NO_CHANGE_FILTER)).toEqual({ lista: null, lag: null, fran: null, till: null, typ: null, kvitterad: null });
    expect(isChangeFilterActive(NO_CHANGE_FILTER)).toBe(false);
  });

  it('maps to the API query: only filters that are on, booleans for type and acknowledgement', () => {
    expect(changeFilterToApi(NO_CHANGE_FILTER)).toEqual({});
    expect(changeFilterToApi({ ...NO_CHANGE_FILTER, type: 'redaktionell', acknowledged: 'ja' })).toEqual({ substantive: false, acknowledged: true });
    expect(changeFilterToApi({ ...NO_CHANGE_FILTER, type: 'vasentlig', acknowledged: 'nej', listId: LIST, sfs: '1977:1160', from: '2025-01-01', to: '2025-02-01' })).toEqual({
      listId: LIST,
      sfs: '1977:1160',
      from: '2025-01-01',
      to: '2025-02-01',
      substantive: true,
      acknowledged: false,
    });
  });

  it('validates typed input with Swedish messages and normalises the SFS number', () => {
    expect(validateChangeFilter({ ...NO_CHANGE_FILTER, sfs: ' 1977-1160 ' })).toEqual({ filter: { ...NO_CHANGE_FILTER, sfs: '1977:1160' }, errors: {} });
    expect(validateChangeFilter({ ...NO_CHANGE_FILTER, sfs: 'arbetsmiljölagen' }).errors).toEqual({ lag: expect.stringContaining('1977:1160') });
    expect(validateChangeFilter({ ...NO_CHANGE_FILTER, from: '2025-05-01', to: '2025-04-30' }).errors).toEqual({ till: 'Slutdatumet ligger före startdatumet.' });
    expect(validateChangeFilter({ ...NO_CHANGE_FILTER, from: '2025-13-01' }).errors).toEqual({ fran: 'Ange datum som ÅÅÅÅ-MM-DD.' });
  });
});
