/**
 * The reader's optimistic actions on loaded comments: an edit, a deletion or a vote shows at once and
 * is rolled back, with a notice, when the backend refuses it. An older request settling late does not
 * undo a newer one.
 */
import type { Comment, ModerationAction, ReportReason, VoteValue } from '../adapters/adapter';
import type { StoreContext } from './context';
import { precheck } from './notices';
import { deleteLocally, setComment, type Undo } from './state';

export function createActions(ctx: StoreContext, now: () => number) {
  const { adapter, thread, $state, update, fail, notify, texts, signal, confirmedVotes, ownDeletes } = ctx;
  /** Latest operation per comment and kind. */
  const latestOp = new Map<string, number>();
  let opSeq = 0;

  /** Starts an operation of one kind on one comment; the check says whether it is still the latest. */
  function begin(key: string): () => boolean {
    const op = ++opSeq;
    latestOp.set(key, op);
    return () => latestOp.get(key) === op;
  }

  /** Changes a loaded comment: `next` returns its new version, or nothing to leave it as it is. */
  const change = (id: string, next: (comment: Comment) => Comment | false | undefined) =>
    update((d) => {
      const comment = d.entries.get(id)?.comment;
      const changed = comment && next(comment);
      if (changed) setComment(d, changed);
    });

  /** The comment, when the reader may act on it: loaded, acknowledged and not deleted. */
  function actionable(id: string): Comment | null {
    const entry = $state.get().entries.get(id);
    return !signal.aborted && entry && !entry.sending && entry.comment.status !== 'deleted'
      ? entry.comment
      : null;
  }

  async function edit(id: string, body: string): Promise<boolean> {
    const before = actionable(id);
    if (!before) return false;
    const problem = precheck(body);
    if (problem) {
      fail(problem);
      return false;
    }
    const isLatest = begin(`edit:${id}`);
    // The old parsed content no longer matches: the new body shows as plain text until the backend's.
    change(id, ({ content: _old, ...c }) => ({ ...c, body, editedAt: new Date(now()).toISOString() }));
    try {
      const saved = await adapter.editComment({ thread, id, body });
      // Keep the local vote state: a vote may be in flight.
      if (isLatest())
        change(id, (c) => c.status !== 'deleted' && { ...saved, score: c.score, myVote: c.myVote });
      notify('info', texts().edited);
      return true;
    } catch (error) {
      if (isLatest()) {
        change(id, (c) => {
          if (c.status === 'deleted') return;
          const { editedAt: _e, content: _c, ...rest } = c;
          const restored: Comment = { ...rest, body: before.body };
          if (before.editedAt !== undefined) restored.editedAt = before.editedAt;
          if (before.content !== undefined) restored.content = before.content;
          return restored;
        });
      }
      fail(error);
      return false;
    }
  }

  async function remove(id: string): Promise<boolean> {
    if (!actionable(id)) return false;
    let undo: Undo[] = [];
    ownDeletes.add(id);
    update((d) => {
      undo = deleteLocally(d, id);
    });
    try {
      const tombstone = await adapter.deleteComment({ thread, id });
      if (tombstone.replyCount > 0) change(id, () => tombstone);
      confirmedVotes.delete(id);
      notify('info', texts().removed);
      return true;
    } catch (error) {
      ownDeletes.delete(id);
      update((d) => {
        for (const step of undo.reverse()) step(d);
      });
      fail(error);
      return false;
    }
  }

  async function vote(id: string, value: VoteValue): Promise<boolean> {
    if (signal.aborted || (value !== -1 && value !== 0 && value !== 1)) return false;
    const comment = actionable(id);
    if (!comment) return false;
    if (!confirmedVotes.has(id)) confirmedVotes.set(id, { score: comment.score, myVote: comment.myVote });
    const isLatest = begin(`vote:${id}`);
    change(id, (c) => ({ ...c, score: c.score - c.myVote + value, myVote: value }));
    /** The latest vote shows what the backend last confirmed: its answer, or the state before a refusal. */
    const settle = () => {
      if (!isLatest()) return;
      const confirmed = confirmedVotes.get(id);
      change(id, (c) => confirmed && { ...c, ...confirmed });
      confirmedVotes.delete(id);
    };
    try {
      const { score, myVote } = await adapter.vote({ thread, id, value });
      confirmedVotes.set(id, { score, myVote });
      settle();
      return true;
    } catch (error) {
      settle();
      fail(error);
      return false;
    }
  }

  /** Reports a comment; true when the backend took the report (or had it already). */
  async function report(id: string, reason: ReportReason, detail?: string): Promise<boolean> {
    const comment = actionable(id);
    if (!comment || !adapter.report) return false;
    try {
      await adapter.report({ thread, id, reason, ...(detail ? { detail } : {}) });
      notify('info', texts().reported);
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  /** A moderator's action; the comment shows what the backend made of it (no optimistic guess). */
  async function moderate(id: string, action: ModerationAction, reason?: string): Promise<boolean> {
    const comment = actionable(id);
    if (!comment || !adapter.moderate) return false;
    try {
      const updated = await adapter.moderate({ thread, id, action, ...(reason ? { reason } : {}) });
      change(id, (c) => ({ ...updated, myVote: c.myVote }));
      notify('info', texts().moderated);
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  /** A moderator bans a comment's author. */
  async function ban(
    id: string,
    scope: 'identity' | 'address' | 'both',
    hours: number | undefined,
    reason: string | undefined,
  ): Promise<boolean> {
    const comment = actionable(id);
    if (!comment || !adapter.ban) return false;
    try {
      await adapter.ban({
        thread,
        id,
        scope,
        ...(hours !== undefined ? { hours } : {}),
        ...(reason ? { reason } : {}),
      });
      notify('info', texts().authorBanned);
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  return { edit, remove, vote, report, moderate, ban };
}
