// The shapes a Patchwork API answers with (docs/api.md's field tables), as far as
// a mirror reads them. Fields gated to a newer version are optional.
import type { HeadersObject } from './convert.ts';

export interface RUser {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
}

export interface RPerson {
  id: number;
  name: string | null;
  email: string;
  user?: RUser | null;
}

export interface RProject {
  id: number;
  name: string;
  link_name: string;
  list_id: string;
  list_email: string;
  web_url: string;
  scm_url: string;
  webscm_url: string;
  maintainers: RUser[];
  subject_match?: string;
  list_archive_url?: string;
  list_archive_url_format?: string;
  commit_url_format?: string;
  show_dependencies?: boolean;
}

export interface REmbedded {
  id: number;
  url: string;
  mbox?: string;
}

export interface RPatch {
  id: number;
  url: string;
  project: { id: number };
  msgid: string;
  date: string;
  name: string;
  commit_ref: string | null;
  pull_url: string | null;
  state: string;
  archived: boolean;
  hash: string | null;
  submitter: RPerson;
  delegate: RUser | null;
  mbox: string;
  series: REmbedded[];
  check: string;
  related?: REmbedded[];
  // detail only
  headers?: HeadersObject;
  content?: string | null;
  diff?: string | null;
}

export interface RCover {
  id: number;
  url: string;
  project: { id: number };
  msgid: string;
  date: string;
  name: string;
  submitter: RPerson;
  mbox?: string;
  series: REmbedded[];
  headers?: HeadersObject;
  content?: string | null;
}

export interface RSeries {
  id: number;
  project: { id: number };
  name: string | null;
  date: string;
  submitter: RPerson;
  version: number;
  total: number;
  cover_letter: REmbedded | null;
  patches: REmbedded[];
  dependencies?: string[];
}

export interface RComment {
  id: number;
  msgid: string;
  date: string;
  submitter: RPerson;
  content: string | null;
  headers: HeadersObject;
  addressed?: boolean | null;
}

export interface RCheck {
  id: number;
  user: RUser;
  date: string;
  state: string;
  target_url: string | null;
  context: string;
  description: string | null;
}

export interface RBundle {
  id: number;
  project: { id: number } | null;
  name: string;
  owner: RUser;
  patches: REmbedded[];
  public: boolean;
  mbox: string;
}

export interface REvent {
  id: number;
  category: string;
  project: { id: number };
  date: string;
  actor?: RUser | null;
  payload: {
    patch?: REmbedded;
    series?: REmbedded;
    cover?: REmbedded;
    previous_state?: string | null;
    current_state?: string | null;
    previous_delegate?: RUser | null;
    current_delegate?: RUser | null;
    check?: REmbedded;
    comment?: REmbedded;
  };
}

export const CHECK_STATES = ['pending', 'success', 'warning', 'fail'];
