import { AppError } from '../../../core/app-error.ts';
import { actOnChannelPost, draftChannelPost, type ChannelDeps } from '../../../core/channel/channel-posts.ts';
import { zonedTime } from '../../../core/channel/local-time.ts';
import type { ChannelPost } from '../../../core/channel/ports.ts';
import type { RelayStore, Transactor, Translate } from '../../../core/ports.ts';
import type { StaffRole } from '../../../core/types.ts';
import type { SessionRecord } from '../../../core/accounts/ports.ts';
import type { Handlers } from '../router.ts';

/** What the channel endpoints need; without `channel` (no CHANNEL_CHAT_ID) they answer 404. */
export interface ChannelHandlerDeps {
  /** Runs the same use-cases the bot runs, in one transaction each. */
  transactor: Transactor;
  channel: ChannelDeps | undefined;
  t: Translate;
  /** Something was queued: wake the outbox sender. */
  notify(): void;
  now: () => number;
}

function view(post: ChannelPost) {
  return { id: post.id, kind: post.kind, status: post.status, text: post.text, publishAt: post.publishAt, publishedAt: post.publishedAt };
}

/** Drafting, approving, publishing and deleting channel posts from the dashboard (the same use-cases as the staff group's buttons). */
export function channelHandlers(deps: ChannelHandlerDeps): Pick<Handlers, 'channelPosts' | 'draftChannelPost' | 'channelPostAction'> {
  const channel = (): ChannelDeps => {
    if (!deps.channel) throw new AppError('not-found', 'channel-off', 'No channel is set up (CHANNEL_CHAT_ID).');
    return deps.channel;
  };
  const staffOf = (session: SessionRecord) => ({ id: session.account.staffId, alias: session.account.alias, role: session.account.role as StaffRole });
  const load = async (store: RelayStore, id: number) => {
    const post = await store.channel.getPost(id);
    if (!post) throw new AppError('not-found', 'not-found', 'No such post.');
    return view(post);
  };

  return {
    channelPosts: async () => {
      channel();
      const posts = await deps.transactor.run((store) => store.channel.recent(50));
      return posts.map(view);
    },

    draftChannelPost: async ({ body, session }) => {
      const ch = channel();
      const at = deps.now();
      let publishAt: number | undefined;
      if (body.publishAt) {
        const [date = '', time = ''] = body.publishAt.split(' ');
        publishAt = zonedTime(ch.timezone(), date, time);
        if (publishAt === undefined || publishAt <= at) throw new AppError('unprocessable', 'publish-time', deps.t(session.account.language, 'channel-schedule-past'));
      }
      const result = await deps.transactor.run(async (store) => {
        const id = await draftChannelPost(store, ch, { text: body.text, staff: staffOf(session), at, key: `api:${session.account.id}:${at}`, ...(publishAt === undefined ? {} : { publishAt }) });
        return load(store, id);
      });
      deps.notify();
      return result;
    },

    channelPostAction: async ({ params, session }) => {
      const ch = channel();
      const at = deps.now();
      const result = await deps.transactor.run(async (store) => {
        const outcome = await actOnChannelPost(store, ch, { postId: params.id, action: params.action, staff: staffOf(session), at, key: `api:${params.id}:${params.action}:${at}` });
        if (!outcome.ok) {
          const message = deps.t(session.account.language, outcome.key, outcome.args);
          if (outcome.key === 'channel-only-supervisor') throw new AppError('forbidden', 'supervisor-only', message);
          if (outcome.key === 'channel-gone') throw new AppError('not-found', 'not-found', message);
          throw new AppError('conflict', outcome.key.replace(/^channel-/, ''), message);
        }
        return load(store, params.id);
      });
      deps.notify();
      return result;
    },
  };
}
