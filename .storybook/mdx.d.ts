/** MDX files (./element-docs.mdx), compiled by @storybook/addon-docs to a React component. */
declare module '*.mdx' {
  const MDXContent: (props: Record<string, unknown>) => unknown;
  export default MDXContent;
}
