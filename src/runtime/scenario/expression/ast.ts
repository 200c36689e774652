/** The parsed form of a template. Plain data: a parsed template can be cached and evaluated many times. */

/** One step of a reference path: a key, an element (1-based), or `[]` (every element). */
export type PathStep =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'each' };

export type BinaryOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%' | '&' | '|';

export type Node =
  | {
      readonly type: 'literal';
      readonly value: string | number | boolean | null | readonly never[];
      readonly position: number;
    }
  | { readonly type: 'now'; readonly position: number }
  | {
      readonly type: 'reference';
      readonly moduleId: number;
      readonly path: readonly PathStep[];
      /** The reference as written (for warnings). */
      readonly text: string;
      readonly position: number;
    }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Node[]; readonly position: number }
  | { readonly type: 'negate'; readonly operand: Node; readonly position: number }
  | {
      readonly type: 'binary';
      readonly operator: BinaryOperator;
      readonly left: Node;
      readonly right: Node;
      readonly position: number;
    };

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly node: Node; readonly position: number };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}
