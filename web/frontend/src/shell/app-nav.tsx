import { Box, Tabs } from '@shopify/polaris';
import { NavMenu } from '@shopify/app-bridge-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';

const SECTIONS = [
  { path: '/', key: 'nav.dashboard' },
  { path: '/customers', key: 'nav.customers' },
  { path: '/settings', key: 'nav.settings' },
  { path: '/import-export', key: 'nav.importExport' },
] as const;

/** Index of the section `pathname` belongs to (a customer's page belongs to customers). */
export function sectionOf(pathname: string): number {
  const found = SECTIONS.findIndex(({ path }) => path !== '/' && pathname.startsWith(path));
  return found === -1 ? 0 : found;
}

/**
 * The admin's nav menu (App Bridge's ui-nav-menu, inert outside the admin) plus tabs in the page, so the panel can
 * be used standalone too.
 */
export function AppNav({ embedded }: { embedded: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <>
      {embedded && (
        <NavMenu>
          <Link to="/" rel="home">
            {t('nav.dashboard')}
          </Link>
          {SECTIONS.slice(1).map(({ path, key }) => (
            <Link key={path} to={path}>
              {t(key)}
            </Link>
          ))}
        </NavMenu>
      )}
      <Box paddingInline="400" paddingBlockStart="200">
        <nav aria-label={t('nav.label')}>
          <Tabs
            tabs={SECTIONS.map(({ path, key }) => ({
              id: `nav-${path.slice(1) || 'dashboard'}`,
              content: t(key),
            }))}
            selected={sectionOf(pathname)}
            onSelect={(index) => navigate(SECTIONS[index]!.path)}
          />
        </nav>
      </Box>
    </>
  );
}
