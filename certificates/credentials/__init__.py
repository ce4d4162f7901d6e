"""Open Badges 3.0 credentials beside the PDF certificates: documents, Data Integrity proofs
(eddsa-rdfc-2022), the did:web issuer, the Bitstring Status List and verification."""
