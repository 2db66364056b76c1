/** The self-service portal. */
package io.edgeworks.admin;
