import { AppProvider, type AppProviderProps, Frame } from '@shopify/polaris';
import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { CustomerPage } from './pages/customer/customer-page';
import { CustomersPage } from './pages/customers/customers-page';
import { DashboardPage } from './pages/dashboard/dashboard-page';
import { ImportExportPage } from './pages/import-export/import-export-page';
import { SettingsPage } from './pages/settings/settings-page';
import { AppNav } from './shell/app-nav';
import { DemoBanner } from './shell/demo-banner';
import { RouterLink } from './shell/router-link';
import { OpenFromAdmin } from './shell/open-from-admin';
import { type Panel, PanelContext } from './shell/panel-context';
import { ShopProvider } from './shell/shop-context';

export function App(props: { i18n: i18n; polarisStrings: AppProviderProps['i18n']; panel: Panel | null }) {
  const { panel } = props;
  return (
    <I18nextProvider i18n={props.i18n}>
      <BrowserRouter>
        <AppProvider i18n={props.polarisStrings} linkComponent={RouterLink}>
          {panel ? (
            <PanelContext.Provider value={panel}>
              <ShopProvider>
                <Frame>
                  {panel.injectedShop && <DemoBanner shop={panel.injectedShop} />}
                  <AppNav embedded={panel.embedded} />
                  <Routes>
                    <Route index element={<DashboardPage />} />
                    <Route path="customers" element={<CustomersPage />} />
                    <Route path="customers/:id" element={<CustomerPage />} />
                    <Route path="settings" element={<SettingsPage />} />
                    <Route path="import-export" element={<ImportExportPage />} />
                    <Route path="*" element={<Navigate to="/" replace />} />
                  </Routes>
                </Frame>
              </ShopProvider>
            </PanelContext.Provider>
          ) : (
            <OpenFromAdmin />
          )}
        </AppProvider>
      </BrowserRouter>
    </I18nextProvider>
  );
}
