// Mind training in the plan or not (the profile's cognitive_training, true unless
// the person opts out). A change is a new profile version and the plan is made again.
import { useState } from 'preact/hooks';
import { ApiError, api, type Schemas } from '../api';
import { t } from '../i18n';
import { errorText, useLoad } from '../ui';

type Profile = Schemas['Profile'];

export function MindSetting() {
  const profile = useLoad(() => api<Profile>('GET', '/profile').catch((e) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }));
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  if (!profile.data) return null;
  const on = profile.data.cognitive_training !== false;
  return (
    <section class="card" aria-labelledby="mind-setting-title" data-testid="mind-setting">
      <h2 id="mind-setting-title">{t('mind.setting_title')}</h2>
      <label class="choice">
        <input type="checkbox" checked={on} aria-describedby="mind-setting-hint" onChange={async (e) => {
          const input = e.currentTarget;
          if (busy) {
            input.checked = on;
            return;
          }
          setBusy(true);
          setSaid('');
          const next = { ...profile.data!, cognitive_training: !on };
          try {
            await api('PUT', '/profile', next);
            await api('POST', '/plan');
            profile.setData(next);
            setSaid(t(on ? 'mind.setting_off' : 'mind.setting_on'));
          } catch (err) {
            input.checked = on;
            setSaid(errorText(err));
          }
          setBusy(false);
        }} />
        {t('mind.setting')}
      </label>
      <p class="hint" id="mind-setting-hint">{t('mind.setting_hint')}</p>
      <p role="status">{said}</p>
    </section>
  );
}
