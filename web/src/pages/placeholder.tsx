/** A page whose area is not built yet. */
import { Empty, PageHeader } from '../components/ui';

export function placeholder(title: string) {
  return function Placeholder() {
    return (
      <>
        <PageHeader title={title} />
        <Empty>This page is on its way.</Empty>
      </>
    );
  };
}
