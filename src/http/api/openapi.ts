import { z } from 'zod';
import { ACCESS, ROUTES, type RouteSpec } from './contract.ts';

function schema(s: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(s, { io, unrepresentable: 'any' });
}

/** The staff API as an OpenAPI 3.1 document, generated from the contract's route table. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(ROUTES) as Array<[string, RouteSpec]>) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, s] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!s) continue;
      const json = schema(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [key, value] of Object.entries(json.properties ?? {})) {
        parameters.push({ name: key, in: where, required: where === 'path' || (json.required ?? []).includes(key), schema: value });
      }
    }
    const roles = spec.access === 'public' ? [] : [...ACCESS[spec.access]];
    paths[path] ??= {};
    paths[path][spec.method] = {
      operationId: name,
      summary: spec.summary,
      'x-roles': roles,
      ...(spec.access === 'public' ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(spec.body, 'input') } } } } : {}),
      responses: {
        '200': spec.stream
          ? { description: 'Server-sent events', content: { 'text/event-stream': {} } }
          : spec.binary
            ? { description: 'The file', content: { 'application/octet-stream': {} } }
            : { description: 'OK', content: { 'application/json': { schema: spec.response ? schema(spec.response, 'output') : {} } } },
        '4XX': { description: 'A problem the caller can fix: `{ error, code }`', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Netreach staff API', version, description: 'The API behind the staff dashboard. Every endpoint lists the roles allowed in `x-roles`; changing requests need the `X-CSRF-Token` header from `GET /api/auth/me`.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'netreach_session' } },
      schemas: { Error: { type: 'object', required: ['error', 'code'], properties: { error: { type: 'string' }, code: { type: 'string' }, retryAfter: { type: 'number' } } } },
    },
    security: [{ session: [] }],
    paths,
  };
}
