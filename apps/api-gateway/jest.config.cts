module.exports = {
  displayName: 'api-gateway',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/api-gateway',
};
