import { ThreadlineComments } from './elements/threadline-comments/threadline-comments';

/** Registers Threadline's elements. Safe to import twice: an already defined tag is left alone. */
ThreadlineComments.define();
