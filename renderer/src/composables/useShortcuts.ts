import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { useRunsStore } from '../stores/useRunsStore';
import { useSessionStore } from '../stores/useSessionStore';

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
  );
}

/**
 * The window's shortcuts: F1 help, Ctrl+Enter run, Esc cancel and Ctrl+Z undo (of deletes)
 * everywhere; Ctrl+S and Ctrl+O only where no native menu has them (the web preview).
 */
export function useShortcuts(actions: {
  run: () => Promise<void>;
  cancel: () => void;
  canCancel: Readonly<Ref<boolean>>;
  help: () => void;
}): void {
  const runs = useRunsStore();
  const session = useSessionStore();

  function onKey(event: KeyboardEvent): void {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (event.key === 'F1') {
      event.preventDefault();
      actions.help();
    } else if (mod && event.key === 'Enter') {
      event.preventDefault();
      void actions.run();
    } else if (mod && !event.shiftKey && key === 'z' && !isEditable(event.target)) {
      // Outside a text field Ctrl+Z is the app's Undo (of deletes), never the browser's undo of
      // some earlier typing.
      event.preventDefault();
      void runs.undoDelete();
    } else if (event.key === 'Escape' && actions.canCancel.value && !session.pathRequest) {
      actions.cancel();
    } else if (!session.desktop && mod && key === 's') {
      event.preventDefault();
      void session.save({ saveAs: event.shiftKey });
    } else if (!session.desktop && mod && key === 'o') {
      event.preventDefault();
      void session.open();
    }
  }

  /** The web preview's stand-in for the desktop's unsaved-changes prompt. */
  function onBeforeUnload(event: BeforeUnloadEvent): void {
    if (!session.desktop && session.state.dirty && session.state.filePath) event.preventDefault();
  }

  onMounted(() => {
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onBeforeUnload);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('beforeunload', onBeforeUnload);
  });
}
