// memo() for Preact core (preact/compat's would add its whole React layer): the component
// re-renders only when a prop changed (shallow, by identity). The app replaces its whole state
// object on every change and re-renders from the top, so the long lists (posts, sidebar) are
// built from memoized rows that skip the work when their own data did not change.
import { Component, type ComponentChildren, type FunctionComponent, type VNode } from 'preact';

function sameProps(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}

export function memo<P extends object>(render: (props: P) => VNode | ComponentChildren): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !sameProps(this.props as Record<string, unknown>, next as Record<string, unknown>);
    }
    override render(props: P) {
      return render(props) as VNode;
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}
