import { useAppStore, setTheme, type Theme } from '../../stores/appStore';
import { goBack } from '../../stores/navStore';
import { useClustersStore } from '../../stores/clustersStore';
import { HealthSettings } from './HealthSettings';
import { ShellPreferences } from './ShellPreferences';

const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

/**
 * Settings: the theme (this page), which clusters are monitored (the switches in the list),
 * the menu-bar app's preferences (launch at login, notifications, kubectl) and each monitored
 * cluster's health check intervals, thresholds and switches.
 */
export function SettingsView() {
  const theme = useAppStore((s) => s.theme);
  const monitored = useClustersStore((s) => s.monitored);
  return (
    <section className="detail settings scroll-area" aria-labelledby="settings-heading">
      <div className="detail-head">
        <button type="button" className="icon-button" aria-label="Back" onClick={() => goBack()}>
          ‹
        </button>
        <h2 id="settings-heading" className="detail-title">
          Settings
        </h2>
      </div>
      <fieldset className="fieldset">
        <legend>Theme</legend>
        <div role="radiogroup" aria-label="Theme" className="segmented">
          {THEMES.map((t) => (
            <label key={t} className={theme === t ? 'seg on' : 'seg'}>
              <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => setTheme(t)} />
              {t[0]!.toUpperCase() + t.slice(1)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Monitored clusters</legend>
        <p className="small">{monitored.length ? monitored.join(', ') : 'None'}</p>
        <p className="small muted">Switch clusters on or off in the list.</p>
      </fieldset>
      <ShellPreferences />
      <HealthSettings />
    </section>
  );
}
