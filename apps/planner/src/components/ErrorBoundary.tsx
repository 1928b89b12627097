import { Component, type ErrorInfo, type ReactNode } from "react";

/**
 * Shows a rendering failure of one part of the page in place (with the message) instead of blanking the app,
 * and tries again when `resetKey` changes (e.g. a new plan).
 */
export class ErrorBoundary extends Component<
  { label: string; resetKey: unknown; children: ReactNode },
  { error: Error | undefined; key: unknown }
> {
  override state: { error: Error | undefined; key: unknown } = { error: undefined, key: undefined };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(
    props: { resetKey: unknown },
    state: { error: Error | undefined; key: unknown },
  ): { error: Error | undefined; key: unknown } | null {
    return props.resetKey === state.key ? null : { error: undefined, key: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.label} failed to render`, error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <p className="plan-error" role="alert">
          The {this.props.label} could not be shown: {this.state.error.message}
        </p>
      );
    }
    return this.props.children;
  }
}
