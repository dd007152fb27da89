import { Controller, Get, Header } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';

let collecting = false;

/** Process metrics (CPU, memory, event loop lag) plus whatever the service registers, once per process. */
export function startDefaultMetrics(service: string): void {
  if (collecting) return;
  collecting = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}

/** GET /metrics in the Prometheus text format, on the worker's HTTP port (not exposed publicly). */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
