// Adding the lab's hosts the way an operator does: the Hosts screen's form, one host after the other, each until up.
import { expect, type Page } from '@playwright/test';
import { hostRowId, testIds } from '../../renderer/testIds';
import { labHost, type LabInfo } from '../lab';

/** Add the lab's hosts `names` (by their unix URI) through the Hosts screen and wait until each is up. */
export async function addLabHostsThroughUi(page: Page, lab: LabInfo, names: readonly string[], timeout = 20_000): Promise<void> {
  await page.getByTestId(testIds.navItem('hosts')).click();
  for (const name of names) {
    const form = page.getByTestId(testIds.addHostForm);
    if (!(await form.isVisible())) await page.getByTestId(testIds.addHostOpen).click();
    await form.getByTestId(testIds.addHostName).fill(name);
    await form.getByTestId(testIds.addHostUri).fill(labHost(lab, name).unixUri);
    await form.getByTestId(testIds.addHostSubmit).click();
    await expect(page.getByTestId(hostRowId(name)).getByTestId(testIds.hostStatus)).toHaveAttribute('data-status', 'up', { timeout });
  }
}
