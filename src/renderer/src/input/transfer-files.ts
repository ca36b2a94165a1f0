/** Files carried by a drop or a paste. Some apps put a copied image only in `items`, not `files`. */
export function filesFromTransfer(data: DataTransfer): File[] {
  const files = Array.from(data.files);
  if (files.length > 0) return files;
  return Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((file): file is File => file !== null);
}

/** The first file worth trying: an image if there is one, else whatever came first (to say why not). */
export function firstUsableFile(files: readonly File[]): File | null {
  return files.find((file) => file.type.startsWith('image/')) ?? files[0] ?? null;
}

/** The images among dropped files (several at once make one job each). */
export function imageFiles(files: readonly File[]): File[] {
  return files.filter((file) => file.type.startsWith('image/'));
}
