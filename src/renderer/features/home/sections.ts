import type { ComponentType } from 'react';
import { ForwardsSection } from '../forwards/ForwardsSection';

/** Sections shown under Clusters on the home view, in order. */
export const extraSections: readonly { id: string; Component: ComponentType }[] = [
  { id: 'forwards', Component: ForwardsSection },
];
