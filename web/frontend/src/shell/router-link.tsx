import type { LinkLikeComponentProps } from '@shopify/polaris/build/ts/src/utilities/link';
import { Link } from 'react-router-dom';

/** Polaris' links and buttons with a `url`: the panel's own paths through the router, anything else as <a>. */
export function RouterLink({ url, external, children, ...rest }: LinkLikeComponentProps) {
  if (external || !url.startsWith('/')) {
    const target = external ? '_blank' : rest.target;
    return (
      <a href={url} {...rest} target={target} rel={target === '_blank' ? 'noopener noreferrer' : rest.rel}>
        {children}
      </a>
    );
  }
  return (
    <Link to={url} {...rest}>
      {children}
    </Link>
  );
}
