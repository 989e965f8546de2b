/** Input to the NoCloud seed that cloud-init would reject or misread: `field` names what is wrong. */
export class CloudInitInputError extends Error {
  override readonly name = 'CloudInitInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
