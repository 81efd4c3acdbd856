const TOPIC = 'apiKeyRevoked';

/**
 * Revoked API keys, told to every server process on the database: listeners in this process hear
 * of a revocation at once, those in the others through the app's event target (PostgreSQL NOTIFY).
 * The NOTIFY comes back to this process too, so a listener may hear of one revocation twice.
 */
export class ApiKeyRevocations {
  readonly #events: EventTarget;
  readonly #listeners = new Set<(apiKeyId: string) => void>();
  readonly #heard = (event: Event) => {
    const apiKeyId = (event as CustomEvent<{ apiKeyId?: unknown }>).detail?.apiKeyId;
    if (typeof apiKeyId === 'string') this.#tell(apiKeyId);
  };

  constructor(events: EventTarget) {
    this.#events = events;
    events.addEventListener(TOPIC, this.#heard);
  }

  announce(apiKeyId: string): void {
    this.#tell(apiKeyId);
    this.#events.dispatchEvent(new CustomEvent(TOPIC, { detail: { apiKeyId } }));
  }

  /** Returns the function that stops listening. */
  listen(listener: (apiKeyId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#events.removeEventListener(TOPIC, this.#heard);
    this.#listeners.clear();
  }

  #tell(apiKeyId: string): void {
    for (const listener of this.#listeners) listener(apiKeyId);
  }
}
