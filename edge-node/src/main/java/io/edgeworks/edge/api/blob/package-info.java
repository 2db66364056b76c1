/** File API: Blob and File, and the MIME Sniffing Standard's MIME type parsing and serialisation (blob.js). */
package io.edgeworks.edge.api.blob;
