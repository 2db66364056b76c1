/**
 * XMLHttpRequest Standard: FormData, with HTML's multipart/form-data encoding and the multipart/form-data and
 * application/x-www-form-urlencoded body parsers behind Body.formData() (formdata.js).
 */
package io.edgeworks.edge.api.formdata;
