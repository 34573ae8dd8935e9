import '@shopify/polaris/build/esm/styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createApiClient } from './shell/api-client';
import { hostWindow } from './shell/host-window';
import { polarisTranslations, startI18n } from './shell/i18n';
import { pickLanguage } from './shell/locale';
import { sessionTokens } from './shell/session-token';

const host = hostWindow();
const language = pickLanguage(host);
document.documentElement.lang = language;
const [i18n, polarisStrings] = await Promise.all([startI18n(language), polarisTranslations(language)]);
document.title = i18n.t('app.title');
const tokens = sessionTokens(host);

createRoot(document.getElementById('root')!).render(
  <App
    i18n={i18n}
    polarisStrings={polarisStrings}
    panel={
      tokens && {
        api: createApiClient(tokens),
        language,
        embedded: tokens.source === 'app-bridge',
        injectedShop: tokens.source === 'injected' ? tokens.shop : null,
      }
    }
  />,
);
