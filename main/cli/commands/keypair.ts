import { readBoundedFile } from '../../ssh';
import { keyPairService } from '../../keypairs';
import type { KeyPairRecord } from '../../inventory';
import { stringOption } from '../args';
import type { CommandContext, CommandSpec } from '../command';
import { formatProperties, formatTable, type Cell } from '../table';

const LIST_HEADERS = ['Name', 'Type', 'Fingerprint'];
/** A public key file is one line; 64 KiB leaves room for any key OpenSSH makes. */
const PUBLIC_KEY_FILE = { what: 'public key file', limit: 64 * 1024 };

const keyPairs = (context: CommandContext) => keyPairService(context.inventory().store);

function listRow(keyPair: KeyPairRecord): Cell[] {
  return [keyPair.name, keyPair.type, keyPair.fingerprint];
}

function showKeyPair(keyPair: KeyPairRecord): string {
  return formatProperties({
    name: keyPair.name,
    type: keyPair.type,
    fingerprint: keyPair.fingerprint,
    comment: keyPair.comment,
    public_key: keyPair.publicKey,
    created_at: keyPair.createdAt,
  });
}

const NAME_ARG = [{ name: 'name', description: 'Key pair name.' }];

/** `keypair add|list|show|delete`. */
export const KEYPAIR_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['keypair', 'add'],
    summary: 'Add a key pair from a public key file, or generate one (ed25519) and print its private key once.',
    positionals: NAME_ARG,
    options: [{ name: 'public-key', type: 'string', value: 'FILE', description: 'OpenSSH public key file (e.g. ~/.ssh/id_ed25519.pub).' }],
    details:
      'Accepted: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa of at least 2048 bits.\n' +
      'Without --public-key a new ed25519 key pair is made: the private key is printed on stdout and kept nowhere.\n' +
      'Example: virt-deck keypair add mykey > mykey.pem && chmod 600 mykey.pem',
    async run(context, args) {
      const file = stringOption(args, 'public-key');
      let publicKey: string | undefined;
      if (file !== undefined) {
        const bytes = await readBoundedFile(file, PUBLIC_KEY_FILE);
        if (bytes === null) throw new Error(`Public key file ${file} does not exist`);
        publicKey = bytes.toString('utf8');
      }
      const added = keyPairs(context).add({ name: args.positionals[0] as string, ...(publicKey === undefined ? {} : { publicKey }) });
      if (added.privateKey === null) return { text: showKeyPair(added.keyPair), json: added.keyPair };
      return {
        text: added.privateKey,
        json: added,
        warnings: [`this is the only copy of the private key of ${added.keyPair.name} (${added.keyPair.fingerprint}): save it now, with mode 600`],
      };
    },
  },
  {
    words: ['keypair', 'list'],
    readOnly: true,
    summary: 'List key pairs.',
    run(context) {
      const list = keyPairs(context).list();
      return { text: formatTable(LIST_HEADERS, list.map(listRow)), json: list };
    },
  },
  {
    words: ['keypair', 'show'],
    readOnly: true,
    summary: 'Show one key pair with its public key.',
    positionals: NAME_ARG,
    run(context, args) {
      const keyPair = keyPairs(context).show(args.positionals[0] as string);
      return { text: showKeyPair(keyPair), json: keyPair };
    },
  },
  {
    words: ['keypair', 'delete'],
    summary: 'Delete a key pair (instances given it keep the key they booted with).',
    positionals: NAME_ARG,
    run(context, args) {
      const deleted = keyPairs(context).delete(args.positionals[0] as string);
      return { text: `Deleted key pair ${deleted.name} (${deleted.fingerprint})\n`, json: { deleted } };
    },
  },
];
