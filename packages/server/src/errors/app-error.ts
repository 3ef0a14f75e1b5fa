// One table of every error a client can see: Mattermost's error id, HTTP status and message.
// Routes throw AppError(key); the HTTP layer renders {id, message, detailed_error, request_id,
// status_code} from this table, so no error body is improvised elsewhere.

export const ERRORS = {
  notFound: { id: 'api.context.404.app_error', status: 404, message: 'Sorry, we could not find the page.' },
  sessionExpired: { id: 'api.context.session_expired.app_error', status: 401, message: 'Invalid or expired session, please login again.' },
  forbidden: { id: 'api.context.permissions.app_error', status: 403, message: 'You do not have the appropriate permissions.' },
  invalidBody: { id: 'api.context.invalid_body_param.app_error', status: 400, message: 'Invalid or missing parameter in request body.' },
  invalidJson: { id: 'api.context.invalid_body_param.app_error', status: 400, message: 'The request body is not valid JSON.' },
  invalidUrlParam: { id: 'api.context.invalid_url_param.app_error', status: 400, message: 'Invalid or missing parameter in request URL.' },
  bodyTooLarge: { id: 'api.context.request_body_too_large.app_error', status: 413, message: 'The request body is too large.' },
  unsupportedMedia: { id: 'api.context.unsupported_media_type.app_error', status: 415, message: 'Unsupported content type.' },
  methodNotAllowed: { id: 'api.context.method_not_allowed.app_error', status: 405, message: 'Method not allowed.' },
  internal: { id: 'api.context.internal.app_error', status: 500, message: 'An internal error occurred.' },
  badCredentials: { id: 'api.user.login.invalid_credentials_email_username', status: 401, message: 'Enter a valid email or username and/or password.' },
  usernameExists: { id: 'app.user.save.username_exists.app_error', status: 400, message: 'An account with that username already exists.' },
  emailExists: { id: 'app.user.save.email_exists.app_error', status: 400, message: 'An account with that email already exists.' },
  userNotFound: { id: 'app.user.missing_account.const', status: 404, message: 'Unable to find the user.' },
  sessionNotFound: { id: 'app.session.get.app_error', status: 404, message: 'Unable to find the session.' },
  teamNotFound: { id: 'app.team.get.find.app_error', status: 404, message: 'Unable to find the existing team.' },
  teamNameExists: { id: 'app.team.save.existing.app_error', status: 400, message: 'A team with that name already exists.' },
  notTeamMember: { id: 'api.team.add_user_to_team.not_member.app_error', status: 400, message: 'The user is not a member of the team.' },
  channelNotFound: { id: 'app.channel.get.existing.app_error', status: 404, message: 'Unable to find the existing channel.' },
  channelNameExists: { id: 'store.sql_channel.save_channel.exists.app_error', status: 400, message: 'A channel with that name already exists on the same team.' },
  channelTypeNotJoinable: { id: 'api.channel.add_user_to_channel.type.app_error', status: 400, message: 'Can not add user to this channel type.' },
  channelMemberNotFound: { id: 'app.channel.get_member.missing.app_error', status: 404, message: 'No channel member found for that user ID and channel ID.' },
  postNotFound: { id: 'app.post.get.app_error', status: 404, message: 'Unable to get the post.' },
  invalidRootId: { id: 'api.post.create_post.root_id.app_error', status: 400, message: 'Invalid RootId parameter.' },
  messageTooLong: { id: 'model.post.is_valid.msg.app_error', status: 400, message: 'Invalid message: it is longer than the maximum allowed.' },
} as const satisfies Record<string, { id: string; status: number; message: string }>;

export type ErrorKey = keyof typeof ERRORS;

export class AppError extends Error {
  readonly key: ErrorKey;
  readonly id: string;
  readonly status: number;
  /** Extra detail for the client (e.g. which field failed validation); never secrets. */
  readonly detail: string;

  constructor(key: ErrorKey, detail = '') {
    const e = ERRORS[key];
    super(e.message);
    this.key = key;
    this.id = e.id;
    this.status = e.status;
    this.detail = detail;
  }
}

export interface ErrorBody {
  id: string;
  message: string;
  detailed_error: string;
  request_id: string;
  status_code: number;
}

export function errorBody(err: AppError, requestId: string): ErrorBody {
  return { id: err.id, message: err.message, detailed_error: err.detail, request_id: requestId, status_code: err.status };
}
