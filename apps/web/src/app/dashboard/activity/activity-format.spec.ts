import type { ActivityEntry } from '@laglig/contracts';
import { activityLine, formatDate, formatDateTime, valueText } from './activity-format';

const ANNA = '11111111-1111-4111-8111-111111111111';
const names: Record<string, string> = { [ANNA]: 'Anna Andersson' };
const lookups = { memberName: (id: string) => names[id] ?? null, columnName: (id: string) => ({ 'col-done': 'Klart', 'col-todo': 'Att göra' })[id] ?? null };

function entry(extra: Partial<ActivityEntry>): ActivityEntry {
  return {
    id: 'a1',
    at: '2025-03-12T13:05:00.000Z',
    actorId: ANNA,
    actorName: 'Anna Andersson',
    entityType: 'requirement',
    entityId: 'r1',
    action: 'updated',
    changes: [],
    summary: 'Systematiskt arbetsmiljöarbete',
    ...extra,
  };
}

describe('activityLine', () => {
  it('writes who did what, with Swedish labels and old → new values', () => {
    const line = activityLine(
      entry({
        changes: [
          { field: 'status', from: null, to: 'DELVIS' },
          { field: 'motivation', from: null, to: 'Rutin finns men följs inte upp' },
          { field: 'responsibleUserId', from: null, to: ANNA },
          { field: 'reviewDate', from: '2025-01-01', to: '2025-06-30' },
        ],
      }),
      lookups,
    );
    expect(line.who).toBe('Anna Andersson');
    expect(line.what).toBe('ändrade kravet');
    expect(line.subject).toBe('Systematiskt arbetsmiljöarbete');
    expect(line.changes).toEqual([
      { field: 'status', label: 'Status', from: '—', to: 'Delvis' },
      { field: 'motivation', label: 'Motivering', from: '—', to: 'Rutin finns men följs inte upp' },
      { field: 'responsibleUserId', label: 'Ansvarig', from: '—', to: 'Anna Andersson' },
      { field: 'reviewDate', label: 'Nästa granskning', from: '2025-01-01', to: '2025-06-30' },
    ]);
  });

  it('shows a card move by column name and leaves out the fractional position', () => {
    const line = activityLine(
      entry({ entityType: 'card', action: 'moved', changes: [{ field: 'columnId', from: 'col-todo', to: 'col-done' }, { field: 'position', from: 'a0', to: 'a1' }] }),
      lookups,
    );
    expect(line.what).toBe('flyttade kortet');
    expect(line.changes).toEqual([{ field: 'columnId', label: 'Kolumn', from: 'Att göra', to: 'Klart' }]);
  });

  it('names a missing actor and keeps unknown actions and fields readable', () => {
    expect(activityLine(entry({ actorId: null, actorName: null })).who).toBe('Systemet');
    expect(activityLine(entry({ actorId: 'gone', actorName: null }), lookups).who).toBe('En tidigare medlem');
    const line = activityLine(entry({ action: 'archived', changes: [{ field: 'colour', from: 'red', to: 'blue' }] }));
    expect(line.what).toBe('archived kravet');
    expect(line.changes[0]).toEqual({ field: 'colour', label: 'colour', from: 'red', to: 'blue' });
  });
});

describe('valueText', () => {
  it('formats lists, checklists, roles, booleans and empty values', () => {
    expect(valueText('assigneeIds', [ANNA, 'x'], lookups)).toBe('Anna Andersson, x');
    expect(valueText('assigneeIds', [], lookups)).toBe('—');
    expect(valueText('checklist', [{ id: '1', text: 'a', done: true }, { id: '2', text: 'b', done: false }])).toBe('1 av 2 klara');
    expect(valueText('role', 'AUDITOR')).toBe('Revisor (läsbehörighet)');
    expect(valueText('labels', ['brand', 'el'])).toBe('brand, el');
    expect(valueText('sniCodes', [{ code: '41.200', title: 'Byggande av hus' }])).toBe('41.200');
    expect(valueText('chemicals', true)).toBe('Ja');
    expect(valueText('title', '')).toBe('—');
    expect(valueText('status', 'accepted')).toBe('Accepterad');
    expect(valueText('status', 'EJ_TILLAMPLIG')).toBe('Ej tillämplig');
  });
});

describe('dates', () => {
  it('shows Swedish time and leaves plain dates as they are', () => {
    expect(formatDateTime('2025-03-12T13:05:00.000Z')).toBe('12 mars 2025 14:05');
    expect(formatDate('2025-06-30')).toBe('2025-06-30');
    expect(formatDate(null)).toBe('—');
  });
});
