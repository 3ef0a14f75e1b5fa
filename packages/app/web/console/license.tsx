// System Console > License: the installed license, upload a license file, remove it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../actions.js';

export function LicensePage() {
  const [lic, setLic] = useState<Record<string, string>>();
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  const [file, setFile] = useState<File>();
  const load = () => api.get<Record<string, string>>('/license/client?format=old').then(setLic, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);

  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return;
    setMsg('');
    setError('');
    const form = new FormData();
    form.append('license', file);
    try {
      await api.req('POST', '/license', undefined, form);
      setMsg('License uploaded.');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function remove() {
    setMsg('');
    setError('');
    try {
      await api.req('DELETE', '/license');
      setMsg('License removed.');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const licensed = lic?.IsLicensed === 'true';
  return (
    <form onSubmit={upload}>
      <h2>License</h2>
      <p data-licensed={String(licensed)}>
        {lic === undefined ? 'Loading…' : licensed ? `Licensed: ${lic.SkuShortName ?? ''}${lic.Company ? ` to ${lic.Company}` : ''}${lic.ExpiresAt ? `, expires ${new Date(Number(lic.ExpiresAt)).toLocaleDateString()}` : ''}` : 'No license installed (Team Edition features).'}
      </p>
      <label for="license-file">License file</label>
      <input id="license-file" name="license-file" type="file" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
      <div class="row">
        <button type="submit" disabled={!file}>
          Upload
        </button>
        {licensed && (
          <button type="button" class="ghost" onClick={() => void remove()}>
            Remove License
          </button>
        )}
      </div>
      {msg && (
        <div class="ok" role="status">
          {msg}
        </div>
      )}
      {error && <div class="error">{error}</div>}
    </form>
  );
}
