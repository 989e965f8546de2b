// What the create wizard's e2e specs share: reaching the wizard's button and going on a step by keyboard.
import { expect, type Page } from '@playwright/test';
import { createTestIds } from '../../renderer/features/create/create-test-ids';
import type { WizardStep } from '../../renderer/features/create/wizard-model';
import { testIds } from '../../renderer/testIds';

/** Open the app at `url` (connected), go to Instances, and wait until Create instance can be used. */
export async function openInstancesForCreate(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId(testIds.navItem('instances')).click();
  await expect(page.getByTestId(createTestIds.open)).toBeEnabled();
}

/** Enter on the focused control, and the wizard is on `step`. */
export async function enterTo(page: Page, step: WizardStep): Promise<void> {
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(createTestIds.panel(step))).toBeVisible();
}
