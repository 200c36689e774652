import { describe, expect, it } from 'vitest';
import { extractLinks, hasTrackingImage } from '../../../src/sandbox/engine/links.js';

describe('extractLinks', () => {
  it.each([
    [
      'double and single quotes, unquoted',
      `<a href="https://a.example/x">1</a><a href='http://b.example'>2</a><a href=https://c.example/>3</a>`,
      ['https://a.example/x', 'http://b.example', 'https://c.example/'],
    ],
    [
      'duplicates merged, first order kept',
      `<a href="https://b.example">b</a><a href="https://a.example">a</a><a href="https://b.example">b</a>`,
      ['https://b.example', 'https://a.example'],
    ],
    [
      'non-web links ignored',
      `<a href="mailto:x@example.com">m</a><a href="#top">t</a><a href="[[unsubscribe]]">u</a><a name="x">n</a>`,
      [],
    ],
    ['entities decoded', `<a class="btn" href="https://a.example/?a=1&amp;b=2">q</a>`, ['https://a.example/?a=1&b=2']],
    ['upper-case tags', `<A HREF="https://a.example">A</A>`, ['https://a.example']],
  ])('reads %s', (_label, html, links) => {
    expect(extractLinks(html)).toEqual(links);
  });
});

describe('hasTrackingImage', () => {
  it.each([
    ['<html><body>[[trackingImage]]<p>x</p></body></html>', true],
    ['<html><head>[[trackingImage]]</head><body><p>x</p></body></html>', false],
    ['<p>[[trackingImage]] no body element</p>', true],
    ['<html><body><p>none</p></body></html>', false],
  ])('%s -> %s', (html, expected) => {
    expect(hasTrackingImage(html)).toBe(expected);
  });
});
