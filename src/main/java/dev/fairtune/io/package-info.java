/**
 * File output shared by every package: {@link dev.fairtune.io.AtomicFiles} writes files and folders
 * through a temporary sibling and one atomic rename, so no reader (and no crash) ever sees a
 * half-written file.
 */
package dev.fairtune.io;
