export const wrap = (tag, text) => `<${tag}>${text}</${tag}>`;
