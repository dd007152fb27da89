import { Counter, register } from 'prom-client';
import { MetricsController, startDefaultMetrics } from './metrics';

describe('metrics', () => {
  it('serves process metrics and the service own counters in the Prometheus format, labelled with the service', async () => {
    startDefaultMetrics('rag');
    startDefaultMetrics('rag');
    const counter = new Counter({ name: 'laglig_test_total', help: 'test', labelNames: ['result'] as const });
    counter.inc({ result: 'hit' }, 2);
    const text = await new MetricsController().metrics();
    expect(text).toContain('laglig_test_total{result="hit",service="rag"} 2');
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="rag"\}/);
    register.removeSingleMetric('laglig_test_total');
  });
});
