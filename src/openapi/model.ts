// How the document describes an endpoint of one version. The endpoint
// catalogue (operations.ts) fills these in from the resource declarations;
// document.ts turns them into OpenAPI.
import type { ParameterObject } from 'openapi3-ts/oas31';
import type { ErrorName, PathParam } from '../api/resource.ts';
import type { RequestFields } from '../api/validation.ts';
import type { VersionName } from '../http/version.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A query parameter of a list endpoint, present from `since`. */
export interface QueryParamDoc {
  since?: VersionName;
  parameter: ParameterObject;
}

export interface ListDoc {
  /** Names `order` accepts, and the default order. */
  order?: { names: readonly string[]; default: string };
  /** The fields `q` searches, or absent when `q` is ignored. */
  search?: readonly string[];
  filters?: readonly QueryParamDoc[];
}

export interface RequestDoc {
  /** Component names of the body and of its 400 body (field → messages). */
  component: string;
  errorComponent: string;
  fields: RequestFields;
  required?: readonly string[];
  /** Whether form bodies are read too (every write but comment updates upstream). */
  forms: boolean;
  description: string;
}

export interface ResponseDoc {
  status: number;
  description: string;
  /** Component name of the body; absent for an empty body (204). */
  component?: string;
  /** A list: an array of `component`, paginated, with the Link header. */
  list?: ListDoc;
  /** 201 answers carry the new object's URL. */
  location?: boolean;
}

export interface OperationDoc {
  method: Method;
  operationId: string;
  summary: string;
  description: string;
  since?: VersionName;
  /** Who may call it: anyone, or only with credentials. */
  auth: 'optional' | 'required';
  request?: RequestDoc;
  response: ResponseDoc;
  errors: readonly ErrorName[];
}

export interface PathDoc {
  /** Relative to /api/{v}/, with its trailing slash: 'patches/{id}/'. */
  path: string;
  tag: string;
  since?: VersionName;
  params?: readonly PathParam[];
  operations: readonly OperationDoc[];
}
