// An independent verifier of the school's credentials, built only on Digital Bazaar's
// libraries: @digitalbazaar/vc checks the credential, @digitalbazaar/data-integrity with
// @digitalbazaar/eddsa-rdfc-2022-cryptosuite checks its proof (JSON-LD in safe mode), and
// @digitalbazaar/vc-bitstring-status-list reads its revocation status from the signed list.
//
// Reads one JSON object on standard input:
//   {"contextsDir": "...", "didDocument": {...}, "statusLists": {"<url>": {...}},
//    "credentials": [{...}, ...]}
// and writes one result per credential on standard output:
//   {"results": [{"verified": bool, "statusVerified": bool, "revoked": bool|null,
//                 "errors": ["..."]}, ...], "loaded": ["<every address asked for>"]}
// The document loader serves the shipped contexts, the DID document and the status lists
// given, and refuses every other address (so nothing is fetched from the network).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const CONTEXT_FILES = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-3.0.3.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
};

const input = JSON.parse(readFileSync(0, 'utf8'));
const loaded = [];

function documentLoaderFor({contextsDir, didDocument, statusLists}) {
  return async url => {
    loaded.push(url);
    if(CONTEXT_FILES[url]) {
      const document = JSON.parse(readFileSync(join(contextsDir, CONTEXT_FILES[url]), 'utf8'));
      return {contextUrl: null, documentUrl: url, document};
    }
    const [base, fragment] = url.split('#');
    if(didDocument && base === didDocument.id) {
      if(!fragment) {
        return {contextUrl: null, documentUrl: url, document: didDocument};
      }
      const method = (didDocument.verificationMethod || []).find(m => m.id === url);
      if(method) {
        const document = {'@context': didDocument['@context'], ...method};
        return {contextUrl: null, documentUrl: url, document};
      }
    }
    if(statusLists && statusLists[url]) {
      return {contextUrl: null, documentUrl: url, document: statusLists[url]};
    }
    throw new Error(`Refused to load ${url}: not a shipped context or the site's document.`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  const errors = Array.isArray(error) ? error : [error];
  return errors.flatMap(e => [e.message, ...(e.errors || []).map(inner => inner.message)]);
}

const documentLoader = documentLoaderFor(input);
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const results = [];
for(const credential of input.credentials) {
  const result = {verified: false, statusVerified: false, revoked: null, errors: []};
  try {
    const outcome = await vc.verifyCredential({
      credential,
      suite,
      documentLoader,
      checkStatus: options => checkStatus({...options, suite, documentLoader}),
    });
    result.verified = outcome.verified;
    result.errors.push(...messages(outcome.error));
    for(const r of outcome.results || []) {
      result.errors.push(...messages(r.error));
    }
    const status = outcome.statusResult;
    if(status) {
      result.statusVerified = status.verified;
      result.errors.push(...messages(status.error));
      if(status.verified && status.results) {
        result.revoked = status.results.some(r => r.status === true);
      }
    }
  } catch(error) {
    result.errors.push(...messages(error));
  }
  results.push(result);
}
process.stdout.write(JSON.stringify({results, loaded}) + '\n');
