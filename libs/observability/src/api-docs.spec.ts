import { httpApis, openApiFor } from '@hub/contracts';
import { documentedRoutes, renderApiDocsHtml } from './api-docs';

describe('API docs page', () => {
  it('renders every operation of every app, with its schemas, from the document alone', () => {
    for (const app of Object.keys(httpApis)) {
      const document = openApiFor(app)!;
      const html = renderApiDocsHtml(document);
      for (const route of httpApis[app].routes) {
        expect(html).toContain(`id="${route.operationId}"`);
        expect(html).toContain(`<code>${route.path}</code>`);
      }
      expect(html).toContain('href="/docs/openapi.json"');
      expect(html).toContain('id="schema-Problem"');
      // The network may be closed: nothing is loaded from elsewhere.
      expect(html).not.toMatch(/(src|href)="https?:/);
    }
  });

  it('escapes text from the document', () => {
    const html = renderApiDocsHtml({
      openapi: '3.1.0',
      info: { title: 'T <script>alert(1)</script>', version: '1' },
      paths: { '/x': { get: { operationId: 'x', summary: '"quoted" & <b>', responses: {} } } },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('&#34;quoted&#34; &#38; &#60;b&#62;');
  });

  it('lists documented routes as METHOD /path', () => {
    expect(documentedRoutes(openApiFor('gateway')!)).toEqual(
      expect.arrayContaining(['POST /v1/events', 'GET /v1/cases/{caseCode}', 'GET /docs']),
    );
  });
});
