import { ClusterSection } from '../clusters/ClusterSection';
import { extraSections } from './sections';

/** The first view: Clusters, then Forwards and Provisioning once their engines are in the contract. */
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
