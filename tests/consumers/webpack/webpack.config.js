// webpack 5's defaults plus the HTML plugin every webpack app has: no
// experiments, no wasm loader, no rules. Two pages: the default entry and
// `tavora-wasm/inline`.
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = {
  entry: {
    main: './src/index.js',
    inline: './src/inline.js',
  },
  plugins: [
    new HtmlWebpackPlugin({ title: 'tavora-wasm + webpack', filename: 'index.html', chunks: ['main'] }),
    new HtmlWebpackPlugin({ title: 'tavora-wasm/inline + webpack', filename: 'inline.html', chunks: ['inline'] }),
  ],
};
