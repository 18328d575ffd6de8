import type { ComponentType } from 'react';
import { ForwardsSection } from '../forwards/ForwardsSection';
import { ProvisioningSection } from '../provisioning/ProvisioningSection';

/** Sections shown under Clusters on the home view, in order. */
export const extraSections: readonly { id: string; Component: ComponentType }[] = [
  { id: 'forwards', Component: ForwardsSection },
  { id: 'provisioning', Component: ProvisioningSection },
];
