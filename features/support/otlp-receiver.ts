import { EventEmitter } from 'node:events';
import {
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import protobuf from 'protobufjs';

/**
 * The subset of the OTLP trace protocol (opentelemetry-proto, collector/trace/v1 and the messages it
 * uses) that a receiver needs to read spans. Field numbers are the wire contract, copied from the
 * specification's .proto files; everything not listed is skipped by the decoder, as protobuf allows.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; repeated Event events = 11; repeated Link links = 13; Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

/** OTLP span kinds, as numbered on the wire. */
export const SPAN_KIND = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
/** OTLP status codes. */
export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export type AttributeValue =
  string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue } | null;

/** One span as received, flattened with its resource's service name. */
export interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, AttributeValue>;
  events: { name: string; attributes: Record<string, AttributeValue> }[];
  links: { traceId: string; spanId: string }[];
  status: { code: number; message: string };
}

interface DecodedKeyValue {
  key: string;
  value?: DecodedAnyValue;
}
interface DecodedAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: DecodedAnyValue[] };
  kvlistValue?: { values?: DecodedKeyValue[] };
  bytesValue?: string;
}
interface DecodedSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  attributes?: DecodedKeyValue[];
  events?: { name?: string; attributes?: DecodedKeyValue[] }[];
  links?: { traceId?: string; spanId?: string }[];
  status?: { message?: string; code?: number };
}
interface DecodedRequest {
  resourceSpans?: {
    resource?: { attributes?: DecodedKeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: DecodedSpan[] }[];
  }[];
}

const hex = (base64: string | undefined): string => Buffer.from(base64 ?? '', 'base64').toString('hex');

function valueOf(value: DecodedAnyValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return hex(value.bytesValue);
  return null;
}

function attributesOf(list: DecodedKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
}

/** A unary gRPC method whose messages pass through as raw bytes; decoding is the handler's job. */
const rawMethod = (path: string) => ({
  path,
  requestStream: false,
  responseStream: false,
  requestSerialize: (value: Buffer) => value,
  requestDeserialize: (bytes: Buffer) => bytes,
  responseSerialize: (value: Buffer) => value,
  responseDeserialize: (bytes: Buffer) => bytes,
});

const exportService = (path: string): ServiceDefinition => ({ Export: rawMethod(path) }) as ServiceDefinition;

/**
 * A real OTLP/gRPC receiver on 127.0.0.1 (a free port): it accepts the OTLP exporters' trace,
 * metrics and logs exports, decodes the spans and keeps them. Tests wait on arrivals with
 * `waitFor`, never by sleeping.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Metrics export requests received (not decoded: the tests read metrics from /metrics). */
  metricExports = 0;
  private readonly arrivals = new EventEmitter();
  private readonly server = new Server();
  private boundPort = 0;

  private constructor() {}

  static async start(): Promise<OtlpReceiver> {
    const root = protobuf.parse(OTLP_TRACE_PROTO).root;
    const requestType = root.lookupType('otlp.ExportTraceServiceRequest');
    const receiver = new OtlpReceiver();
    const { server } = receiver;
    // An empty message is a valid Export*ServiceResponse (no partial-success report).
    const empty = Buffer.alloc(0);
    const traces: UntypedServiceImplementation = {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        try {
          const decoded = requestType.toObject(requestType.decode(call.request), {
            longs: String,
            bytes: String,
            defaults: false,
          }) as DecodedRequest;
          receiver.accept(decoded);
          callback(null, empty);
        } catch (error) {
          callback(error as Error, null);
        }
      },
    };
    const counted: UntypedServiceImplementation = {
      Export: (_call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        receiver.metricExports++;
        receiver.arrivals.emit('arrival');
        callback(null, empty);
      },
    };
    server.addService(exportService('/opentelemetry.proto.collector.trace.v1.TraceService/Export'), traces);
    server.addService(
      exportService('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'),
      counted,
    );
    server.addService(exportService('/opentelemetry.proto.collector.logs.v1.LogsService/Export'), {
      Export: (_call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) =>
        callback(null, empty),
    });
    receiver.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    return receiver;
  }

  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  /**
   * Resolves with `check`'s first truthy result, re-checking on each arrival; rejects after
   * `timeoutMs` with `describe()` of what was there.
   */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const result = check();
        if (!result) return false;
        clearTimeout(timer);
        this.arrivals.off('arrival', attempt);
        resolve(result);
        return true;
      };
      const timer = setTimeout(() => {
        this.arrivals.off('arrival', attempt);
        const seen = this.spans.map((s) => `${s.service}: ${s.name}`).join('\n  ');
        reject(
          new Error(`the receiver did not get ${what} within ${timeoutMs} ms; spans so far:\n  ${seen}`),
        );
      }, timeoutMs);
      if (!attempt()) this.arrivals.on('arrival', attempt);
    });
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async close(): Promise<void> {
    this.server.forceShutdown();
  }

  private accept(request: DecodedRequest): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      const service = String(resource['service.name'] ?? '');
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          const parent = hex(span.parentSpanId);
          this.spans.push({
            service,
            scope: scopeSpans.scope?.name ?? '',
            traceId: hex(span.traceId),
            spanId: hex(span.spanId),
            parentSpanId: parent === '' ? undefined : parent,
            name: span.name ?? '',
            kind: span.kind ?? 0,
            attributes: attributesOf(span.attributes),
            events: (span.events ?? []).map((e) => ({
              name: e.name ?? '',
              attributes: attributesOf(e.attributes),
            })),
            links: (span.links ?? []).map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId) })),
            status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
          });
        }
      }
    }
    this.arrivals.emit('arrival');
  }
}
