import {
  metrics,
  type Attributes,
  type Counter,
  type Histogram,
  type ObservableGauge,
} from '@opentelemetry/api';

/**
 * The service's metrics, over the OpenTelemetry API. Instruments are created on first use, after the
 * preload has registered the SDK's MeterProvider (the metrics API has no proxy provider: an instrument
 * made before that would stay a no-op). Without the SDK every instrument is a no-op.
 */
export interface ServiceInstruments {
  accepted: Counter;
  completed: Counter;
  failed: Counter;
  duration: Histogram;
  queueDepth: ObservableGauge;
  inFlight: ObservableGauge;
  tokens: Histogram;
}

let instruments: ServiceInstruments | undefined;

export function serviceInstruments(): ServiceInstruments {
  if (instruments) return instruments;
  const meter = metrics.getMeter('semker');
  // Counts and gauges of messages: a name and what it counts.
  const counter = (name: string, description: string): Counter =>
    meter.createCounter(name, { description, unit: '{message}' });
  const gauge = (name: string, description: string): ObservableGauge =>
    meter.createObservableGauge(name, { description, unit: '{message}' });
  instruments = {
    accepted: counter('semker.messages.accepted', 'Messages accepted by POST /messages.'),
    completed: counter('semker.messages.completed', 'Messages answered, by the agent that answered.'),
    failed: counter(
      'semker.messages.failed',
      'Messages that failed (error, deadline or shutdown), by the last agent involved and failure_code.',
    ),
    duration: meter.createHistogram('semker.message.duration', {
      description: 'Time a message spent in the worker, from dequeue to its final update.',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] },
    }),
    queueDepth: gauge('semker.queue.depth', 'Messages waiting for a worker.'),
    inFlight: gauge('semker.messages.in_flight', 'Messages being processed now.'),
    // The GenAI semantic convention's client token histogram, tagged input/output by gen_ai.token.type.
    tokens: meter.createHistogram('gen_ai.client.token.usage', {
      description: 'Tokens used by model calls.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576] },
    }),
  };
  return instruments;
}

/**
 * A measurement a planner thread hands to the main thread instead of recording it: the Prometheus
 * text at /metrics is read from the main thread's SDK, which cannot see a thread's instruments, and a
 * thread's own OTLP push would count it on the side. Only the model's token usage is recorded in a
 * thread (everything else is the processor's, on the main thread).
 */
export interface ForwardedMeasurement {
  instrument: 'tokens';
  value: number;
  attributes: Attributes;
}

/** In a planner thread: the instruments forward their measurements through `send`. */
export function forwardMeasurements(send: (measurement: ForwardedMeasurement) => void): void {
  const tokens: Pick<Histogram, 'record'> = {
    record: (value, attributes = {}) => send({ instrument: 'tokens', value, attributes }),
  };
  instruments = { ...serviceInstruments(), tokens: tokens as Histogram };
}

/** In the main thread: records what a planner thread forwarded. */
export function recordForwarded(measurement: ForwardedMeasurement): void {
  serviceInstruments()[measurement.instrument].record(measurement.value, measurement.attributes);
}

/** What the queue gauges read. */
export interface QueueGaugeSource {
  readonly queueDepth: number;
  readonly inFlightCount: number;
}

/** Reports the queue's depth and in-flight count at each collection; returns how to stop. */
export function observeQueue(source: QueueGaugeSource): () => void {
  const { queueDepth, inFlight } = serviceInstruments();
  const depth = (result: { observe(value: number): void }): void => result.observe(source.queueDepth);
  const busy = (result: { observe(value: number): void }): void => result.observe(source.inFlightCount);
  queueDepth.addCallback(depth);
  inFlight.addCallback(busy);
  return () => {
    queueDepth.removeCallback(depth);
    inFlight.removeCallback(busy);
  };
}
