import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Subscribes a host to nanostores atoms while it is connected and re-renders it on change. Unlike
 * @nanostores/lit's StoreController it can be pointed at new atoms later, which the widget needs when
 * its `thread` or `adapter` changes and a new store replaces the old one.
 */
export class StoreController implements ReactiveController {
  private atoms: ReadonlyArray<ReadableAtom<unknown>> = [];
  private unsubscribers: Array<() => void> = [];
  private connected = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  watch(atoms: ReadonlyArray<ReadableAtom<unknown>>): void {
    this.unsubscribe();
    this.atoms = atoms;
    if (this.connected) this.subscribe();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe();
  }

  private subscribe(): void {
    // listen() (not subscribe()) so the initial value does not cause a second render.
    this.unsubscribers = this.atoms.map((atom) => atom.listen(() => this.host.requestUpdate()));
  }

  private unsubscribe(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }
}
