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
  pendingPostIdReused: { id: 'api.post.create_post.pending_post_id.app_error', status: 400, message: 'Invalid pending_post_id: it was already used for a post in another channel.' },
  messageTooLong: { id: 'model.post.is_valid.msg.app_error', status: 400, message: 'Invalid message: it is longer than the maximum allowed.' },
  // Config, license, logs, preferences, login throttling (the admin side).
  configInvalid: { id: 'model.config.is_valid.app_error', status: 400, message: 'Invalid config: a setting has an invalid value.' },
  configPushServerInvalid: {
    id: 'model.config.is_valid.push_notification_server.app_error',
    status: 400,
    message: 'Invalid EmailSettings.PushNotificationServer: a manually entered push notification server must be a valid http or https URL.',
  },
  configPushContentsInvalid: {
    id: 'model.config.is_valid.push_notification_contents.app_error',
    status: 400,
    message: 'Invalid EmailSettings.PushNotificationContents: must be one of generic_no_channel, generic, full, id_loaded.',
  },
  hpnsNeedsLicense: {
    id: 'api.config.update_config.hpns_license.app_error',
    status: 400,
    message: 'The hosted push notification service (HPNS) requires a valid license: upload a license first.',
  },
  hpnsNeedsTerms: {
    id: 'api.config.update_config.hpns_terms.app_error',
    status: 400,
    message: 'The hosted push notification service (HPNS) can be chosen only after its terms of service are accepted (HeraldSettings.HostedPushTermsAccepted).',
  },
  configClientOldFormat: {
    id: 'api.config.client.old_format.app_error',
    status: 501,
    message: 'New format for the client configuration is not supported yet. Please specify format=old in the query string.',
  },
  licenseNoFile: { id: 'api.license.add_license.no_file.app_error', status: 400, message: "No file under 'license' in request." },
  licenseMalformed: { id: 'api.license.add_license.invalid.app_error', status: 400, message: 'Invalid license file: it is not a Herald license.' },
  licenseBadSignature: { id: 'api.license.add_license.invalid.app_error', status: 400, message: "Invalid license file: its signature does not match the server's license public key." },
  licenseNoPublicKey: { id: 'api.license.add_license.invalid.app_error', status: 400, message: 'Invalid license file: no license public key is configured on this server (HERALD_LICENSE_PUBLIC_KEY).' },
  licenseExpired: { id: 'api.license.add_license.expired.app_error', status: 400, message: 'License is either expired or has not started yet.' },
  licenseClientOldFormat: {
    id: 'api.license.client.old_format.app_error',
    status: 501,
    message: 'New format for the client license is not supported yet. Please specify format=old in the query string.',
  },
  preferenceUserMismatch: { id: 'api.preference.update_preferences.set.app_error', status: 403, message: 'Unable to set user preferences: a preference belongs to another user.' },
  tooManyLoginAttempts: {
    id: 'api.user.check_user_login_attempts.too_many.app_error',
    status: 429,
    message: 'Too many failed login attempts for this account. Please wait a minute and try again.',
  },
  pushDisabled: { id: 'api.push_notification.disabled.app_error', status: 501, message: 'Push Notifications are disabled on this server.' },
  pushAckForward: { id: 'api.push_notifications_ack.forward.app_error', status: 500, message: 'An error occurred sending the receipt delivery to the push notification service.' },
  webPushUnavailable: { id: 'api.push_notification.webpush.app_error', status: 503, message: 'The push notification service does not offer Web Push (no VAPID key).' },
  serverCheckThrottled: { id: 'api.system.server_check.throttled.app_error', status: 429, message: 'Too many server checks. Please wait a minute and try again.' },
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
