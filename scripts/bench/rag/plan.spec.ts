import { flattenPlan, indexesUsed, renderPlan, type PlanNode } from './plan';

const plan: PlanNode = {
  'Node Type': 'Limit',
  'Actual Total Time': 12.5,
  'Actual Rows': 10,
  'Actual Loops': 1,
  'Shared Hit Blocks': 900,
  'Shared Read Blocks': 12,
  Plans: [
    {
      'Node Type': 'Index Scan',
      'Relation Name': 'chunks',
      'Index Name': 'IDX_chunks_embedding_hnsw',
      'Actual Total Time': 12.4,
      'Actual Rows': 10,
      'Actual Loops': 1,
      'Rows Removed by Filter': 3,
      'Shared Hit Blocks': 900,
      'Shared Read Blocks': 12,
    },
  ],
};

describe('plan summaries', () => {
  it('flattens depth-first with the relation and index named', () => {
    const nodes = flattenPlan(plan);
    expect(nodes.map((n) => [n.depth, n.node])).toEqual([
      [0, 'Limit'],
      [1, 'Index Scan on chunks using IDX_chunks_embedding_hnsw'],
    ]);
    expect(nodes[1]?.removedByFilter).toBe(3);
  });

  it('renders one indented line per node', () => {
    const lines = renderPlan(flattenPlan(plan));
    expect(lines[0]).toBe('-> Limit (actual 12.5 ms, rows 10 x1, buffers hit 900 read 12)');
    expect(lines[1]).toMatch(/^ {2}-> Index Scan on chunks using IDX_chunks_embedding_hnsw \(actual 12\.4 ms, rows 10 x1, removed by filter 3,/);
  });

  it('lists the indexes used, once each', () => {
    expect(indexesUsed(flattenPlan({ 'Node Type': 'Append', Plans: [plan, plan] }))).toEqual(['IDX_chunks_embedding_hnsw']);
    expect(indexesUsed(flattenPlan({ 'Node Type': 'Seq Scan', 'Relation Name': 'chunks', 'Plan Rows': 5 }))).toEqual([]);
  });

  it('shows estimates when the plan was not executed', () => {
    expect(renderPlan(flattenPlan({ 'Node Type': 'Seq Scan', 'Relation Name': 'chunks', 'Plan Rows': 5 }))).toEqual(['-> Seq Scan on chunks (estimated rows 5)']);
  });
});
