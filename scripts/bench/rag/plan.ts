/** EXPLAIN (FORMAT JSON) plans as short, printable summaries. */
import { fmtMs } from '../lib/stats';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'CTE Name'?: string;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Plan Rows'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Temp Written Blocks'?: number;
  'Sort Method'?: string;
  'Workers Launched'?: number;
  Plans?: PlanNode[];
}

export interface PlanNodeSummary {
  node: string;
  depth: number;
  actualTotalMs: number;
  rows: number;
  loops: number;
  estimatedRows: number;
  removedByFilter: number;
  sharedHit: number;
  sharedRead: number;
  tempWritten: number;
  detail: string;
}

export function flattenPlan(node: PlanNode, depth = 0, out: PlanNodeSummary[] = []): PlanNodeSummary[] {
  const target = node['Relation Name'] ?? node['CTE Name'] ?? '';
  const detail = [
    node['Sort Method'] ? `sort ${node['Sort Method']}` : '',
    node['Workers Launched'] !== undefined ? `workers ${node['Workers Launched']}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  out.push({
    node: `${node['Node Type']}${target ? ` on ${target}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
    depth,
    actualTotalMs: node['Actual Total Time'] ?? Number.NaN,
    rows: node['Actual Rows'] ?? Number.NaN,
    loops: node['Actual Loops'] ?? Number.NaN,
    estimatedRows: node['Plan Rows'] ?? Number.NaN,
    removedByFilter: node['Rows Removed by Filter'] ?? 0,
    sharedHit: node['Shared Hit Blocks'] ?? 0,
    sharedRead: node['Shared Read Blocks'] ?? 0,
    tempWritten: node['Temp Written Blocks'] ?? 0,
    detail,
  });
  for (const child of node.Plans ?? []) flattenPlan(child, depth + 1, out);
  return out;
}

/** One line per node, indented like EXPLAIN's text output. */
export function renderPlan(nodes: readonly PlanNodeSummary[]): string[] {
  return nodes.map((n) => {
    const actual = Number.isFinite(n.actualTotalMs)
      ? `actual ${fmtMs(n.actualTotalMs)} ms, rows ${n.rows} x${n.loops}${n.removedByFilter ? `, removed by filter ${n.removedByFilter}` : ''}, buffers hit ${n.sharedHit} read ${n.sharedRead}${n.tempWritten ? ` temp written ${n.tempWritten}` : ''}`
      : `estimated rows ${n.estimatedRows}`;
    return `${'  '.repeat(n.depth)}-> ${n.node} (${actual}${n.detail ? `, ${n.detail}` : ''})`;
  });
}

/** The index names a plan uses (to check that a query went through HNSW). */
export function indexesUsed(nodes: readonly PlanNodeSummary[]): string[] {
  return [...new Set(nodes.map((n) => /using (\S+)/.exec(n.node)?.[1]).filter((x): x is string => !!x))];
}
