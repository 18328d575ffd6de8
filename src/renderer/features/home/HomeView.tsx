import { ClusterSection } from '../clusters/ClusterSection';
import { extraSections } from './sections';

/** The first view: Clusters, then Forwards and Provisioning. */
export function HomeView() {
  return (
    <div className="home scroll-area">
      <ClusterSection />
      {extraSections.map(({ id, Component }) => (
        <Component key={id} />
      ))}
    </div>
  );
}
