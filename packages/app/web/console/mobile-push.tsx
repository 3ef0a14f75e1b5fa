// System Console > Notifications > Mobile Push: Send Push Notifications (off / TPNS / HPNS with a
// license and the terms / manual location), Push Notification Contents, Save, test notification.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { api } from '../actions.js';

interface EmailSettings {
  SendPushNotifications: boolean;
  PushNotificationServer: string;
  PushNotificationServerType: 'off' | 'mhpns' | 'mtpns' | 'custom';
  PushNotificationContents: string;
}
interface Config {
  EmailSettings: EmailSettings;
  HeraldSettings: { HostedPushTermsAccepted: boolean };
}

export const SERVER_TYPES = [
  { value: 'off', label: 'Do not send push notifications' },
  { value: 'mtpns', label: 'Use iOS and Android apps on iTunes and Google Play with TPNS' },
  { value: 'mhpns', label: 'Use encrypted, production-quality HPNS connection to iOS and Android apps', licensed: true },
  { value: 'custom', label: 'Manually enter Push Notification Service location' },
] as const;

export const CONTENTS = [
  { value: 'generic_no_channel', label: 'Generic description with only sender name' },
  { value: 'generic', label: 'Generic description with sender and channel names' },
  { value: 'full', label: 'Full message snippet' },
  { value: 'id_loaded', label: 'Full message content fetched from the server on receipt' },
] as const;

const TERMS = 'I understand and accept the Mattermost Hosted Push Notification Service Terms of Service and Privacy Policy.';

type Errors = Partial<Record<'type' | 'server' | 'terms' | 'contents' | 'form', string>>;

function isUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Which field a server error is about (its detailed_error names the setting). */
function fieldOf(e: ApiError): keyof Errors {
  const d = `${e.id} ${e.detail}`;
  if (/Terms/i.test(d)) return 'terms';
  if (/PushNotificationServerType|license/i.test(d)) return 'type';
  if (/PushNotificationServer\b/.test(d) || /PushNotificationServer:/.test(d)) return 'server';
  if (/PushNotificationContents/.test(d)) return 'contents';
  return 'form';
}

export function MobilePush() {
  const [cfg, setCfg] = useState<Config>();
  const [licensed, setLicensed] = useState(false);
  const [type, setType] = useState<EmailSettings['PushNotificationServerType']>('off');
  const [server, setServer] = useState('');
  const [contents, setContents] = useState('generic');
  const [terms, setTerms] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState('');
  const [test, setTest] = useState('');

  function load(c: Config) {
    setCfg(c);
    setType(c.EmailSettings.SendPushNotifications ? c.EmailSettings.PushNotificationServerType : 'off');
    setServer(c.EmailSettings.PushNotificationServer);
    setContents(c.EmailSettings.PushNotificationContents);
    setTerms(c.HeraldSettings.HostedPushTermsAccepted);
  }

  useEffect(() => {
    api.get<Config>('/config').then(load, (e: Error) => setErrors({ form: e.message }));
    api.get<{ IsLicensed: string }>('/license/client?format=old').then((l) => setLicensed(l.IsLicensed === 'true'), () => setLicensed(false));
  }, []);

  async function save(e: Event) {
    e.preventDefault();
    setSaved('');
    const errs: Errors = {};
    if (type === 'mhpns' && !terms) errs.terms = 'You must accept the HPNS terms of service to use HPNS.';
    if (type === 'custom' && !isUrl(server.trim())) errs.server = 'Enter the URL of your push notification service, e.g. https://push.example.com';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      const next = await api.put<Config>('/config/patch', {
        EmailSettings: {
          SendPushNotifications: type !== 'off',
          PushNotificationServerType: type,
          ...(type === 'custom' ? { PushNotificationServer: server.trim() } : {}),
          PushNotificationContents: contents,
        },
        HeraldSettings: { HostedPushTermsAccepted: terms },
      });
      load(next);
      setSaved('Configuration saved.');
    } catch (err) {
      const ae = err as ApiError;
      setErrors({ [err instanceof ApiError ? fieldOf(ae) : 'form']: `${ae.message}${ae.detail ? ` (${ae.detail})` : ''}` });
    }
  }

  async function sendTest() {
    setTest('');
    try {
      await api.post('/notifications/test');
      setTest('Test notification sent to your devices.');
    } catch (err) {
      setTest(`Could not send: ${(err as Error).message}`);
    }
  }

  if (!cfg) return <p class="muted">{errors.form ?? 'Loading…'}</p>;
  const shown = SERVER_TYPES.filter((o) => !('licensed' in o) || licensed || type === o.value);
  return (
    <form onSubmit={save} noValidate>
      <h2>Mobile Push</h2>
      <label for="push-type">Send Push Notifications</label>
      <select id="push-type" name="push-type" value={type} onChange={(e) => setType(e.currentTarget.value as typeof type)}>
        {shown.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors.type && <div class="field-error" data-field="type">{errors.type}</div>}
      {type === 'mhpns' && (
        <label class="opt">
          <input type="checkbox" name="hpns-terms" checked={terms} onChange={(e) => setTerms(e.currentTarget.checked)} />
          {TERMS}
        </label>
      )}
      {errors.terms && <div class="field-error" data-field="terms">{errors.terms}</div>}
      {type === 'custom' && (
        <>
          <label for="push-server">Push Notification Server</label>
          <input id="push-server" name="push-server" value={server} placeholder="https://push.example.com" onInput={(e) => setServer(e.currentTarget.value)} />
        </>
      )}
      {errors.server && <div class="field-error" data-field="server">{errors.server}</div>}
      <label for="push-contents">Push Notification Contents</label>
      <select id="push-contents" name="push-contents" value={contents} onChange={(e) => setContents(e.currentTarget.value)}>
        {CONTENTS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors.contents && <div class="field-error" data-field="contents">{errors.contents}</div>}
      {errors.form && <div class="error">{errors.form}</div>}
      <div class="row">
        <button type="submit">Save</button>
        <button type="button" class="ghost" onClick={() => void sendTest()}>
          Send test notification
        </button>
      </div>
      {saved && (
        <div class="ok" role="status">
          {saved}
        </div>
      )}
      {test && <p class="muted">{test}</p>}
    </form>
  );
}
