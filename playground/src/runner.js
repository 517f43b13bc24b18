// Runs the project in the simulator, in <iframe id="run-frame"> at `../?files=parent`. The
// simulator asks for the files (`wxweb:files?`, after each of its reloads) and is answered
// with them; it tells back its mode (`wxweb:mode`, served: false on a static host), its
// errors (`wxweb:error`), the pages drawn (`wxweb:pageready`) and the launch
// (`wxweb:launched`). A re-run reloads the frame, which keeps its page stack; a new project
// gets a new frame. Messages are taken only from this origin and from the frame's window.
// A frame can be started before the project is known (`prepare`, while the page loads it):
// the simulator loads meanwhile, and its question waits for the project's `restart`.

/**
 * A runner in `container`. `getFiles()` gives the files to answer with; `on` has the
 * handlers asked() (a launch starts), mode({served}), error(detail), pageready(detail),
 * launched({ok}).
 */
export function createRunner(container, { getFiles, on }) {
  let frame;
  // Whether the frame's questions are answered (it runs the project), and whether a question
  // of a prepared frame waits for the project.
  let armed = false;
  let waiting = false;

  function answer() {
    waiting = false;
    on.asked?.();
    frame.contentWindow.postMessage({ type: 'wxweb:files', files: getFiles() }, location.origin);
  }

  addEventListener('message', (event) => {
    if (event.origin !== location.origin || !frame || event.source !== frame.contentWindow) {
      return;
    }
    const message = event.data;
    switch (message?.type) {
      case 'wxweb:files?':
        if (armed) answer();
        else waiting = true; // a prepared frame: the project is not chosen yet
        break;
      case 'wxweb:mode':
        on.mode?.({ served: message.served === true });
        break;
      case 'wxweb:error':
        on.error?.(message.detail ?? {});
        break;
      case 'wxweb:pageready':
        on.pageready?.(message.detail ?? {});
        break;
      case 'wxweb:launched':
        on.launched?.({ ok: message.ok === true });
        break;
    }
  });

  function fresh(arm) {
    const next = document.createElement('iframe');
    next.id = 'run-frame';
    next.title = 'The mini program running';
    // Clipboard and sensors as the simulator page itself has them.
    next.allow = 'clipboard-read; clipboard-write; geolocation; camera; microphone';
    next.src = '../?files=parent';
    if (frame) frame.replaceWith(next);
    else container.replaceChildren(next);
    frame = next;
    armed = arm;
    waiting = false;
  }

  /** Runs a project from its first page: in the prepared frame, else in a new one. */
  function restart() {
    if (frame && !armed) {
      armed = true;
      if (waiting) answer();
    } else fresh(true);
  }

  return {
    /**
     * Runs the project again: reloads the frame (its page stack kept; a frame still loading
     * asks for the files anyway), or starts one.
     */
    run() {
      if (!frame || !armed) restart();
      else if (frame.contentWindow.location.href !== 'about:blank') {
        frame.contentWindow.location.reload();
      }
    },
    /** Starts a frame that will run the project chosen next (restart), none yet. */
    prepare() {
      if (!frame) fresh(false);
    },
    restart,
    /** Removes the frame (a project that must not run yet); `note` is shown instead. */
    stop(note) {
      frame?.remove();
      frame = undefined;
      container.replaceChildren(note);
    },
    get running() {
      return frame !== undefined;
    },
  };
}
